import { MAX_PLAYBOOK_BYTES, MAX_PLAYBOOK_SIZE, parsePlaybookYaml, playbookTooLarge } from '../../../src/playbook/load';

describe('the playbook size limit: one constant, counted in bytes', () => {
  const tooLarge = (text: string) => {
    const parsed = parsePlaybookYaml(text);
    return !parsed.ok && parsed.issues.some((i) => i.message.includes('larger than'));
  };

  it('is 512 KB, said the same way everywhere', () => {
    expect(MAX_PLAYBOOK_BYTES).toBe(524_288);
    expect(MAX_PLAYBOOK_SIZE).toBe('512 KB');
    expect(playbookTooLarge('x.yaml')).toBe('x.yaml is larger than 512 KB; a playbook is far smaller.');
  });

  it('refuses one byte over it, counting UTF-8 bytes, not characters', () => {
    const atLimit = `# ${'é'.repeat((MAX_PLAYBOOK_BYTES - 2) / 2)}`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_PLAYBOOK_BYTES);
    expect(tooLarge(atLimit)).toBe(false);
    expect(tooLarge(`${atLimit}é`)).toBe(true);
    expect(atLimit.length).toBeLessThan(MAX_PLAYBOOK_BYTES);
  });
});
