export { AdminTab, useIsKratixAdmin } from './AdminTab';
export { Marketplace } from './Marketplace';
export { StateStoresTable } from './StateStoresTable';
