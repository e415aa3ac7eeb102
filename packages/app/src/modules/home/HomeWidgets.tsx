import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { useKratixAdminCheck } from '@kratix-backstage/plugin-kratix';
import kratixPlugin from '@kratix-backstage/plugin-kratix/alpha';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';

/** A page of this app that the home page links to. */
export interface HomeLink {
  title: string;
  /** Where the app mounts the page (from its plugin's route ref). */
  to: string;
  description: string;
}

/**
 * Where this app mounts the pages the home page links to, from their plugins' route refs (so
 * the links follow app-config moving a page); undefined for a page the app does not have.
 */
function useAppPages() {
  const kratix = useRouteRef(kratixPlugin.routes.root);
  const clusters = useRouteRef(kratixPlugin.routes.clusters);
  const admin = useRouteRef(kratixPlugin.routes.admin);
  const create = useRouteRef(scaffolderPlugin.routes.root);
  const catalog = useRouteRef(catalogPlugin.routes.catalogIndex);
  return {
    kratix: kratix?.(),
    clusters: clusters?.(),
    admin: admin?.(),
    create: create?.(),
    catalog: catalog?.(),
  };
}

/** The pages the home page offers; the admin tab only to a platform's admins. */
function usePlatformLinks(): HomeLink[] {
  const pages = useAppPages();
  // A failed check shows no admin link: the tab itself says what failed.
  const isAdmin = useKratixAdminCheck().value === true;
  const links: Array<Omit<HomeLink, 'to'> & { to?: string }> = [
    {
      title: 'Promises',
      to: pages.kratix,
      description: "Every Promise of the platform, its API and who's using it",
    },
    {
      title: 'Clusters',
      to: pages.clusters,
      description: 'The clusters Kratix schedules to, and what landed on each',
    },
    {
      title: 'Create',
      to: pages.create,
      description: "Request a resource through a Promise's template",
    },
    {
      title: 'Catalog',
      to: pages.catalog,
      description: 'Promises, requests, clusters and the teams that own them',
    },
    {
      title: 'Platform admin',
      to: isAdmin ? pages.admin : undefined,
      description: 'Install and upgrade Promises from the marketplace',
    },
  ];
  return links.filter((link): link is HomeLink => link.to !== undefined);
}

/** The home page's list of this app's pages. */
export function PlatformLinks() {
  const links = usePlatformLinks();
  return (
    <List dense aria-label="platform links">
      {links.map(link => (
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

/** A link to a page of this app, or its name alone where the app does not have the page. */
function PageLink({ to, children }: { to?: string; children: string }) {
  return to ? <Link to={to}>{children}</Link> : <>{children}</>;
}

/** What the portal is for, with the first things to do. */
export function GettingStarted() {
  const pages = useAppPages();
  const isAdmin = useKratixAdminCheck().value === true;
  return (
    <>
      <Typography variant="body1" paragraph>
        This portal serves a Kratix platform: the platform team offers its
        services as Promises, and each team requests what it needs from them.
      </Typography>
      <Typography variant="body1" paragraph>
        Browse the <PageLink to={pages.kratix}>Promises</PageLink> to see what
        the platform offers and what each one asks for. To get one, open{' '}
        <PageLink to={pages.create}>Create</PageLink> and pick its template: the
        request is checked against the Promise's API before anything is written,
        and its page in the <PageLink to={pages.catalog}>catalog</PageLink>{' '}
        shows where it landed.
      </Typography>
      <Typography variant="body1">
        The <PageLink to={pages.clusters}>Clusters</PageLink> tab shows every
        destination and what Kratix scheduled there
        {isAdmin ? (
          <>
            ; as a platform admin you install new Promises from the marketplace
            on the <PageLink to={pages.admin}>Platform admin</PageLink> tab.
          </>
        ) : (
          '.'
        )}
      </Typography>
    </>
  );
}
