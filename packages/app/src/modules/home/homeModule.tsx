import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageDefaultConfigItem,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import { GettingStarted, PlatformLinks } from './HomeWidgets';

/**
 * Where the home page puts its widgets until a user arranges their own. Every widget here
 * works offline: the search bar, starred entities and visits read this app's own backend
 * and storage, and the two widgets below are plain links to this app's pages.
 */
export const defaultHomeLayout: HomePageDefaultConfigItem[] = [
  {
    component: 'HomePageSearchBar',
    column: 0,
    row: 0,
    width: 12,
    height: 2,
    deletable: false,
  },
  { component: 'GettingStarted', column: 0, row: 2, width: 6, height: 9 },
  { component: 'PlatformLinks', column: 6, row: 2, width: 6, height: 5 },
  {
    component: 'HomePageStarredEntities',
    column: 6,
    row: 7,
    width: 6,
    height: 4,
  },
  {
    component: 'HomePageRecentlyVisited',
    column: 0,
    row: 11,
    width: 6,
    height: 4,
  },
  { component: 'HomePageMostVisited', column: 6, row: 11, width: 6, height: 4 },
];

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started',
    description: 'What this portal offers and where to find it',
    components: async () => ({ Content: GettingStarted }),
  },
});

const platformLinksWidget = HomePageWidgetBlueprint.make({
  name: 'platform-links',
  params: {
    name: 'PlatformLinks',
    title: 'Platform',
    description: "Links to the portal's Kratix, catalog and template pages",
    components: async () => ({ Content: PlatformLinks }),
  },
});

/**
 * The home page of this app: the layout above unless `page:home` is given a `defaultConfig`
 * in app-config, and no widget that needs the internet. The stock toolkit (which links to
 * backstage.io by default) and random joke (which calls a public joke API) are switched off;
 * visits are recorded in the user's storage so the two visit widgets have something to show.
 */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    homePlugin.getExtension('page:home').override({
      *factory(originalFactory, { config }) {
        yield* originalFactory({
          config: {
            ...config,
            defaultConfig: config.defaultConfig ?? defaultHomeLayout,
          },
        });
      },
    }),
    homePlugin
      .getExtension('home-page-widget:home/random-joke')
      .override({ disabled: true }),
    homePlugin
      .getExtension('home-page-widget:home/toolkit')
      .override({ disabled: true }),
    homePlugin.getExtension('api:home/visits').override({ disabled: false }),
    homePlugin
      .getExtension('app-root-element:home/visit-listener')
      .override({ disabled: false }),
    gettingStartedWidget,
    platformLinksWidget,
  ],
});
