import { useId } from 'react';
import { query } from '../http/client';
import type { Invoice } from '../http/types';
import { useCustomer } from '../customer-context';
import { useData } from '../use-data';

/** The period in view: the current one (no from/to) or a past invoice's period. */
export interface PeriodChoice {
  from?: string;
  to?: string;
}

/** Current period or one of the invoiced periods (newest first), from the invoice list. */
export function PeriodPicker(props: {
  value: PeriodChoice;
  onChange: (next: PeriodChoice) => void;
}) {
  const { api, format } = useCustomer();
  const id = useId();
  const invoices = useData<{ invoices: Invoice[] }>(`${api}/invoices${query({ limit: '200' })}`);
  const periods = new Map<string, Invoice['period']>();
  if (invoices.state === 'ready') {
    for (const invoice of [...invoices.value.invoices].reverse()) {
      periods.set(`${invoice.period.start}|${invoice.period.end}`, invoice.period);
    }
  }
  const current = props.value.from && props.value.to ? `${props.value.from}|${props.value.to}` : '';
  if (current !== '' && !periods.has(current) && props.value.from && props.value.to) {
    periods.set(current, { start: props.value.from, end: props.value.to });
  }
  return (
    <div className="control">
      <label htmlFor={id}>Period</label>
      <select
        id={id}
        value={current}
        onChange={(event) => {
          const [from, to] = event.target.value.split('|');
          props.onChange(from && to ? { from, to } : {});
        }}
      >
        <option value="">Current period</option>
        {[...periods.entries()].map(([key, period]) => (
          <option key={key} value={key}>
            {format.periodName(period.start, period.end)}
          </option>
        ))}
      </select>
    </div>
  );
}
