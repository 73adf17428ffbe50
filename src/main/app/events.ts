// A tiny typed event hub: services emit AppEvents, each host forwards them (IPC, SSE, stdout).
import type { AppEvent } from '../../shared/types'

export type EventListener = (event: AppEvent) => void

export class EventHub {
  private readonly listeners = new Set<EventListener>()

  on(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event)
      } catch {
        // a broken listener (closed socket) must not stop the others
      }
    }
  }
}
