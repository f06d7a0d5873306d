// Money is booked only against a confirmed order (docs/decisions/0143): the server
// refuses a payment on a draft, submitted, rejected or cancelled order.
import type { RecordData } from "../api/client";
import { compare } from "../lib/money";

export const PAYABLE_STATUSES = ["approved", "fulfilled"];

/** Whether "record payment" is offered: a confirmed order that still owes money. */
export function takesPayment(order: RecordData): boolean {
  const receivable = order.receivable as string | undefined;
  return PAYABLE_STATUSES.includes(order.status as string)
    && !!receivable && compare(receivable, "0") > 0;
}
