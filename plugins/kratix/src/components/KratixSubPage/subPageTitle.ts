import { createContext, useContext, useEffect } from 'react';

/** Sets the title of the sub-page a view is shown on; nothing where it is shown elsewhere. */
export const SubPageTitleContext = createContext<(title: string) => void>(
  () => {},
);

/**
 * Names the Kratix sub-page a view is on, once the view knows the name (a Promise's display
 * name comes with the Promise it loads). In a catalog entity's tab, where the entity page's
 * header already names the entity, it does nothing.
 */
export function useSubPageTitle(title: string | undefined) {
  const setTitle = useContext(SubPageTitleContext);
  useEffect(() => {
    if (title) setTitle(title);
  }, [setTitle, title]);
}
