// Typed access to the evaluation state from the views and components that need it.
import { getContext, setContext } from 'svelte'
import type { EvalState } from './evalState.svelte'

const EVAL_KEY = Symbol('avsal-eval')

export function provideEval(state: EvalState): EvalState {
  return setContext(EVAL_KEY, state)
}

export function useEval(): EvalState {
  const state = getContext<EvalState | undefined>(EVAL_KEY)
  if (!state) throw new Error('useEval() called outside <App>: the EvalState context is missing')
  return state
}
