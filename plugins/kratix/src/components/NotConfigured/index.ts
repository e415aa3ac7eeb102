export { NotConfigured, WhenKratixConfigured } from './NotConfigured';
