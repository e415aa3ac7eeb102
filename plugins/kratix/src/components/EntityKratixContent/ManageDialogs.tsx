import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { RequestDetail } from '@kratix-backstage/plugin-kratix-common';
import { useOptionalRouteRef } from '../../hooks/useOptionalRouteRef';
import { promiseRouteRef } from '../../routes';

/** The Kratix page's path for a Promise, or undefined where the app has not mounted the page. */
export function usePromisePagePath(
  platform: string,
  promise: string,
): string | undefined {
  return useOptionalRouteRef(promiseRouteRef)?.({ platform, name: promise });
}

/** Confirms a delete, naming the request and the documents Kratix will remove. */
export function DeleteDialog(props: {
  detail: RequestDetail;
  open: boolean;
  onClose(): void;
  onDelete(): void;
}) {
  const { detail, open, onClose, onDelete } = props;
  const destinations = [...new Set(detail.landed.map(p => p.destination))];
  const files = detail.landed.reduce((n, p) => n + p.files.length, 0);
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="kratix-delete-title">
      <DialogTitle id="kratix-delete-title">
        Delete {detail.namespace}/{detail.name}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          This deletes the {detail.kind} request {detail.namespace}/
          {detail.name} of Promise {detail.promise} on platform{' '}
          {detail.platform}. Kratix runs the Promise's delete pipeline and
          removes what it wrote for the request
          {destinations.length
            ? `: ${files} file${files === 1 ? '' : 's'} on ${destinations.join(
                ', ',
              )}`
            : ''}
          .
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button color="secondary" variant="contained" onClick={onDelete}>
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}
