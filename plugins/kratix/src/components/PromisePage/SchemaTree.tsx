import Typography from '@material-ui/core/Typography';

type Schema = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
};

function constraints(s: Schema): string {
  const parts: string[] = [];
  if (s.enum)
    parts.push(`one of ${s.enum.map(v => JSON.stringify(v)).join(', ')}`);
  if (s.default !== undefined)
    parts.push(`default ${JSON.stringify(s.default)}`);
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`≤ ${s.maximum}`);
  if (s.pattern) parts.push(`matches ${s.pattern}`);
  if (s['x-kubernetes-preserve-unknown-fields']) parts.push('any fields');
  return parts.join('; ');
}

/** The API of a Promise as a readable field tree: name, type, required, constraints, description. @public */
export function SchemaTree({
  schema,
  required = [],
}: {
  schema?: Schema;
  required?: string[];
}) {
  if (!schema?.properties)
    return <Typography color="textSecondary">No fields.</Typography>;
  return (
    <ul style={{ listStyle: 'none', paddingLeft: 16, margin: 0 }}>
      {Object.entries(schema.properties).map(([name, field]) => {
        const type = field.items
          ? `${field.items.type ?? 'object'}[]`
          : String(field.type ?? 'object');
        const more = constraints(field);
        return (
          <li key={name} style={{ marginBottom: 4 }}>
            <code>{name}</code> <em>{type}</em>
            {(required.includes(name) || schema.required?.includes(name)) && (
              <strong> required</strong>
            )}
            {more && <span> ({more})</span>}
            {field.description && (
              <Typography variant="body2" color="textSecondary">
                {field.description}
              </Typography>
            )}
            {(field.properties || field.items?.properties) && (
              <SchemaTree
                schema={field.items?.properties ? field.items : field}
                required={field.items?.required ?? field.required}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}
