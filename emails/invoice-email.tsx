/** @jsxRuntime automatic */
// The pragma keeps the automatic runtime under @swc/jest too, whose default is classic.
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Link,
  Preview,
  Section,
  Text,
} from '@react-email/components';
import type { InvoiceViewModel } from '../domain/documents/view-model';

// Email clients ignore <style> blocks unevenly, so the email is styled inline.
const font = '"Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif';
const styles = {
  body: { backgroundColor: '#f0f4f8', fontFamily: font, margin: 0, padding: '24px 0' },
  container: {
    backgroundColor: '#ffffff',
    borderRadius: '6px',
    padding: '32px',
    maxWidth: '560px',
  },
  issuer: { fontSize: '13px', color: '#616e7c', margin: '0 0 8px 0' },
  heading: { fontSize: '22px', color: '#1f2933', margin: '0 0 16px 0' },
  text: { fontSize: '15px', lineHeight: '24px', color: '#1f2933', margin: '0 0 16px 0' },
  summary: { width: '100%', borderCollapse: 'collapse' as const, margin: '8px 0 24px 0' },
  label: { fontSize: '14px', color: '#616e7c', padding: '6px 0' },
  value: { fontSize: '14px', color: '#1f2933', padding: '6px 0', textAlign: 'right' as const },
  headline: { fontSize: '18px', fontWeight: 'bold', color: '#1f2933', padding: '10px 0' },
  headlineValue: {
    fontSize: '18px',
    fontWeight: 'bold',
    color: '#1f2933',
    padding: '10px 0',
    textAlign: 'right' as const,
  },
  button: {
    backgroundColor: '#1f2933',
    color: '#ffffff',
    borderRadius: '4px',
    fontSize: '15px',
    fontWeight: 'bold',
    padding: '12px 22px',
    textDecoration: 'none',
  },
  small: { fontSize: '12px', lineHeight: '18px', color: '#616e7c', margin: '0 0 8px 0' },
  hr: { borderColor: '#e4e7eb', margin: '24px 0' },
};

function SummaryRow({ label, value }: { label: string; value: string }) {
  return (
    <tr>
      <td style={styles.label}>{label}</td>
      <td style={styles.value}>{value}</td>
    </tr>
  );
}

/** Keeps "INV-2026-000042" on one line: clients break at the hyphens otherwise. */
function Nowrap({ children }: { children: string }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{children}</span>;
}

/** The email that delivers an invoice or credit note; the PDF travels as an attachment. */
export function InvoiceEmail({ vm }: { vm: InvoiceViewModel }) {
  const intro =
    vm.kind === 'credit_note' ? (
      <>
        {'We have issued credit note '}
        <Nowrap>{vm.number}</Nowrap>
        {vm.precedingInvoiceNumber === null ? null : (
          <>
            {' for invoice '}
            <Nowrap>{vm.precedingInvoiceNumber}</Nowrap>
          </>
        )}
        {'.'}
      </>
    ) : (
      <>
        {'Your invoice '}
        <Nowrap>{vm.number}</Nowrap>
        {` for ${vm.periodName} is ready.`}
      </>
    );
  return (
    <Html lang="en">
      <Head />
      <Preview>{`${vm.title} ${vm.number}: ${vm.headlineAmount}`}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.issuer}>{vm.issuer.name}</Text>
          <Heading as="h1" style={styles.heading}>
            {`${vm.title} ${vm.number}`}
          </Heading>
          <Text style={styles.text}>{`Hello ${vm.customer.name},`}</Text>
          <Text style={styles.text}>{intro}</Text>
          {vm.reason === null ? null : <Text style={styles.text}>{`Reason: ${vm.reason}`}</Text>}
          <table style={styles.summary}>
            <tbody>
              <SummaryRow label={`${vm.title} number`} value={vm.number} />
              <SummaryRow label="Billing period" value={vm.period} />
              {vm.dueDate === null ? null : <SummaryRow label="Due date" value={vm.dueDate} />}
              <tr>
                <td style={styles.headline}>{vm.headlineLabel}</td>
                <td style={styles.headlineValue}>{vm.headlineAmount}</td>
              </tr>
            </tbody>
          </table>
          {vm.invoiceUrl === null ? null : (
            <Section style={{ margin: '0 0 24px 0' }}>
              <Button href={vm.invoiceUrl} style={styles.button}>
                {`View ${vm.title.toLowerCase()}`}
              </Button>
            </Section>
          )}
          <Text style={styles.text}>{`The ${vm.title.toLowerCase()} is attached as a PDF.`}</Text>
          {vm.payment?.note == null ? null : <Text style={styles.text}>{vm.payment.note}</Text>}
          <Hr style={styles.hr} />
          {vm.invoiceUrl === null ? null : (
            <Text style={styles.small}>
              {'If the button does not work, open this link: '}
              <Link href={vm.invoiceUrl}>{vm.invoiceUrl}</Link>
            </Text>
          )}
          <Text style={styles.small}>{vm.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
