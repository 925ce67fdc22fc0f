/**
 * A shipped reference file of shared/reference/, resolved from this folder's depth: the production
 * bundle (dist/server/*.js) sits at the same depth below the project, so the same relative URL finds
 * the files there too. (A module one folder deeper would miss them once bundled.)
 */
export const referenceFile = (name: string): URL =>
  new URL(`../../shared/reference/${name}`, import.meta.url);
