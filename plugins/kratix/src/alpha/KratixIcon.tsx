import CloudQueueIcon from '@material-ui/icons/CloudQueue';

/** The icon of the Kratix plugin and its sidebar item. */
export const kratixIcon = <CloudQueueIcon fontSize="inherit" />;
