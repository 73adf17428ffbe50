// Typed access to the inference state from the views and components that need it.
import { getContext, setContext } from 'svelte'
import type { InferState } from './inferState.svelte'

const INFER_KEY = Symbol('avsal-infer')

export function provideInfer(state: InferState): InferState {
  return setContext(INFER_KEY, state)
}

export function useInfer(): InferState {
  const state = getContext<InferState | undefined>(INFER_KEY)
  if (!state) throw new Error('useInfer() called outside <App>: the InferState context is missing')
  return state
}
