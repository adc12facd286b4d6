import { loadDocument, saveDocument } from '../../db/repositories/documents.repository';
import { databaseEngines, useEngine } from '../support/engines';

describe.each(databaseEngines)('documents on %s', (_name, open) => {
  const handle = useEngine(open);

  test('bytes come back exactly, and the first rendering stored wins', async () => {
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const first = await saveDocument(handle.db, 'inv-1', 'pdf', every);
    // sha256 of the bytes 0..255.
    expect(first.sha256).toEqual(
      '40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880',
    );
    const second = await saveDocument(handle.db, 'inv-1', 'pdf', Buffer.from('other'));
    expect(second.content.equals(every)).toBe(true);
    expect((await loadDocument(handle.db, 'inv-1', 'pdf'))?.content.equals(every)).toBe(true);
    expect(await loadDocument(handle.db, 'inv-1', 'html')).toBeNull();
  });
});
