export { PlatformHealth } from './PlatformHealth';
