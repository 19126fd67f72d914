/** An entity found in an utterance. `value` is canonical: a product id, a number, an ISO date-time. */
export interface Entity {
  entity: string;
  value: string | number;
  /** The words it came from; never stored (transcript text stays in memory). */
  text: string;
  currency?: string;
  timezone?: string;
}
