import type { EventMap, EventName } from '../../shared/api/contract';

type Listener = (event: EventName, payload: EventMap[EventName]) => void;

/** Main-process events, fanned out to every window (IPC) or browser tab (SSE). */
export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventMap[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
