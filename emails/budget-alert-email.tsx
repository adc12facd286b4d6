/** @jsxRuntime automatic */
// The pragma keeps the automatic runtime under @swc/jest too, whose default is classic.
import { Body, Container, Head, Heading, Html, Preview, Text } from '@react-email/components';
import type { BudgetAlertViewModel } from '../domain/budgets/alert-view';

const font = '"Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif';

/** The `budget.threshold_crossed` email: which budget, how far, what it measures. */
export function BudgetAlertEmail({ vm }: { vm: BudgetAlertViewModel }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{vm.subject}</Preview>
      <Body style={{ backgroundColor: '#f0f4f8', fontFamily: font, padding: '24px 0' }}>
        <Container style={{ backgroundColor: '#ffffff', padding: '32px', maxWidth: '560px' }}>
          <Heading style={{ fontSize: '22px', color: '#1f2933' }}>{vm.heading}</Heading>
          <Text style={{ fontSize: '15px', color: '#1f2933' }}>{vm.scope}</Text>
          <table style={{ width: '100%', borderCollapse: 'collapse' }}>
            <tbody>
              {vm.rows.map((row) => (
                <tr key={row.label}>
                  <td style={{ fontSize: '14px', color: '#616e7c', padding: '6px 0' }}>
                    {row.label}
                  </td>
                  <td style={{ fontSize: '14px', textAlign: 'right', padding: '6px 0' }}>
                    {row.value}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Container>
      </Body>
    </Html>
  );
}
