// Typed access to the session state from the views (leaf components take props instead).
import { getContext, setContext } from 'svelte'
import type { AppState } from './appState.svelte'

const APP_KEY = Symbol('avsal-app')

export function provideApp(app: AppState): AppState {
  return setContext(APP_KEY, app)
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(APP_KEY)
  if (!app) throw new Error('useApp() called outside <App>: the AppState context is missing')
  return app
}
