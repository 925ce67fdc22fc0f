/** Socket.IO room names, built by helpers only. */
export const rooms = {
  session: (id: string) => `session:${id}`,
  user: (id: string) => `user:${id}`,
  display: (id: string) => `display:${id}`,
  /** A view: `*` for the whole city, else the agency a liaison is confined to. */
  view: (filter: string | null) => `view:${filter ?? '*'}`,
};
