/**
 * What auth needs of the live connections when access ends: close the sockets of a session or a
 * display, on every instance. The realtime hub implements it; auth knows nothing more of realtime.
 */
export interface Revoker {
  revokeSession(sessionId: string, reason: string): void;
  revokeDisplay(displayId: string, reason: string): void;
}
