/** Where the router's ledger and budgets are kept; see `src/store/open-router-store.ts`. */
export { openRouterStore } from '../../store/open-router-store.ts';
