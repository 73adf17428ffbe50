// Typed access to the audio-swap study state from the views and components that need it.
import { getContext, setContext } from 'svelte'
import type { StudyState } from './studyState.svelte'

const STUDY_KEY = Symbol('avsal-study')

export function provideStudy(state: StudyState): StudyState {
  return setContext(STUDY_KEY, state)
}

export function useStudy(): StudyState {
  const state = getContext<StudyState | undefined>(STUDY_KEY)
  if (!state) throw new Error('useStudy() called outside <App>: the StudyState context is missing')
  return state
}
