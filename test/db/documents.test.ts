import { loadDocument, saveDocuments } from '../../db/repositories/documents.repository';
import { databaseEngines, useEngine } from '../support/engines';

describe.each(databaseEngines)('documents on %s', (_name, open) => {
  const handle = useEngine(open);

  test('bytes come back exactly, and the first rendering stored wins', async () => {
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const first = await saveDocuments(handle.db, 'inv-1', [{ format: 'pdf', content: every }]);
    // sha256 of the bytes 0..255.
    const everySha = '40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880';
    expect(first.get('pdf')).toEqual(everySha);
    const second = await saveDocuments(handle.db, 'inv-1', [
      { format: 'pdf', content: Buffer.from('other') },
    ]);
    expect(second.get('pdf')).toEqual(everySha);
    expect((await loadDocument(handle.db, 'inv-1', 'pdf'))?.content.equals(every)).toBe(true);
    expect(await loadDocument(handle.db, 'inv-1', 'html')).toBeNull();
  });

  test("several formats are stored together, each format's first rendering winning", async () => {
    const earlier = await saveDocuments(handle.db, 'inv-2', [
      { format: 'html', content: Buffer.from('<p>first</p>') },
    ]);
    const saved = await saveDocuments(handle.db, 'inv-2', [
      { format: 'html', content: Buffer.from('<p>second</p>') },
      { format: 'pdf', content: Buffer.from('abc') },
    ]);
    // sha256 of "abc".
    expect(Object.fromEntries(saved)).toEqual({
      html: earlier.get('html'),
      pdf: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
    expect((await loadDocument(handle.db, 'inv-2', 'html'))?.content.toString()).toEqual(
      '<p>first</p>',
    );
    expect((await loadDocument(handle.db, 'inv-2', 'pdf'))?.content.toString()).toEqual('abc');
    expect(await loadDocument(handle.db, 'inv-2', 'ubl')).toBeNull();
  });
});
