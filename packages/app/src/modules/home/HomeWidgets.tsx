import { Link } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';

/** A page of this app that the home page links to. */
export interface HomeLink {
  title: string;
  /** A path this app serves (the catalog is mounted at `/`). */
  to: string;
  description: string;
}

/** The pages the home page offers; each is a route of this app, so they work offline. */
export const platformLinks: HomeLink[] = [
  {
    title: 'Promises',
    to: '/kratix',
    description: "Every Promise of the platform, its API and who's using it",
  },
  {
    title: 'Clusters',
    to: '/kratix/clusters',
    description: 'The clusters Kratix schedules to, and what landed on each',
  },
  {
    title: 'Create',
    to: '/create',
    description: "Request a resource through a Promise's template",
  },
  {
    title: 'Catalog',
    to: '/',
    description: 'Promises, requests, clusters and the teams that own them',
  },
  {
    title: 'Platform admin',
    to: '/kratix/admin',
    description: 'Install and upgrade Promises from the marketplace (admins)',
  },
];

/** The home page's list of this app's pages. */
export function PlatformLinks() {
  return (
    <List dense aria-label="platform links">
      {platformLinks.map(link => (
        <ListItem key={link.to}>
          <ListItemText
            primary={<Link to={link.to}>{link.title}</Link>}
            secondary={link.description}
          />
        </ListItem>
      ))}
    </List>
  );
}

/** What the portal is for, with the first things to do. */
export function GettingStarted() {
  return (
    <>
      <Typography variant="body1" paragraph>
        This portal serves a Kratix platform: the platform team offers its
        services as Promises, and each team requests what it needs from them.
      </Typography>
      <Typography variant="body1" paragraph>
        Browse the <Link to="/kratix">Promises</Link> to see what the platform
        offers and what each one asks for. To get one, open{' '}
        <Link to="/create">Create</Link> and pick its template: the request is
        checked against the Promise's API before anything is written, and its
        page in the <Link to="/">catalog</Link> shows where it landed.
      </Typography>
      <Typography variant="body1">
        The <Link to="/kratix/clusters">Clusters</Link> tab shows every
        destination and what Kratix scheduled there; platform admins install new
        Promises from the marketplace on the{' '}
        <Link to="/kratix/admin">Platform admin</Link> tab.
      </Typography>
    </>
  );
}
