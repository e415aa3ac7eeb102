import { KubernetesValidatorFunctions } from '@backstage/catalog-model';

const MAX_TAG_LENGTH = 63;

/**
 * Turns one Kubernetes label into a Backstage tag: `environment: dev` →
 * `environment-dev`, `topology.kubernetes.io/zone: eu-1a` → `topology-kubernetes-io-zone-eu-1a`.
 * Tags allow only `[a-z0-9:+#]` in dash-separated words, up to 63 characters, so
 * everything else becomes a single `-`; undefined when nothing is left.
 * @public
 */
export function labelToTag(key: string, value: string): string | undefined {
  const tag = [key, value]
    .filter(Boolean)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_TAG_LENGTH)
    // Cutting may leave a trailing dash, which a tag may not end with.
    .replace(/-+$/, '');
  return tag || undefined;
}

/** Tags for a set of labels: one per label, de-duplicated and sorted so sweeps compare equal. @public */
export function labelsToTags(
  labels: Record<string, string> | undefined,
): string[] {
  const tags = Object.entries(labels ?? {})
    .map(([key, value]) => labelToTag(key, value))
    .filter((tag): tag is string => !!tag);
  return [...new Set(tags)].sort();
}

/**
 * The labels Backstage accepts as entity labels (Kubernetes-style keys and values, which
 * Kratix labels nearly always are); the rest are still visible as tags.
 */
export function validEntityLabels(
  labels: Record<string, string> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(labels ?? {}).sort()) {
    const value = labels![key];
    if (
      KubernetesValidatorFunctions.isValidLabelKey(key) &&
      KubernetesValidatorFunctions.isValidLabelValue(value)
    ) {
      out[key] = value;
    }
  }
  return out;
}
