export { DryRunPreviewCard } from './DryRunPreviewCard';
export type { DryRunPreviewCardProps } from './DryRunPreviewCard';
