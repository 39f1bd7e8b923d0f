/**
 * A fact that happened in one bounded context, published to the others through the outbox.
 * The payload must survive a JSON round trip: dates travel as ISO-8601 strings.
 */
export abstract class DomainEvent<P extends object = object> {
  /**
   * The event's outbox id, set when the dispatcher delivers it. Two events of one aggregate get ids in
   * the order their transactions committed, as long as each transaction locks the aggregate's row
   * before it records the event. Handlers compare them to ignore an event older than one applied.
   */
  sequence?: bigint;

  constructor(
    readonly payload: P,
    readonly occurredAt: Date = new Date(),
  ) {}
}

/** The constructor of a domain event, with the stable type name under which it is stored. */
export interface DomainEventClass<E extends DomainEvent = DomainEvent> {
  new (payload: E['payload'], occurredAt?: Date): E;
  readonly eventType: string;
}

/** Returns the stored type name of an event instance. */
export function eventTypeOf(event: DomainEvent): string {
  const eventType = (event.constructor as Partial<DomainEventClass>).eventType;
  if (!eventType) throw new Error(`${event.constructor.name} has no static eventType`);

  return eventType;
}
