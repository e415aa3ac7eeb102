export { KratixSubPage } from './KratixSubPage';
export { useSubPageTitle } from './subPageTitle';
