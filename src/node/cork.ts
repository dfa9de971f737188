// Writes made in one turn of the event loop leave a socket in one write: cork on the first,
// uncork on the next tick. Used by the node's connections and the controller's client connections.
import type { Socket } from 'node:net';

export function corkingWriter(socket: Socket): (bytes: Buffer) => void {
  let corked = false;
  return (bytes) => {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    socket.write(bytes);
  };
}
