/**
 * Block Kit's published limits, checked on anything we render: a violation is a message Slack would refuse with
 * invalid_blocks. Returns the problems (empty when valid).
 */
export function blockKitProblems(
  input: { blocks: unknown[] },
  kind: 'message' | 'modal' | 'home' = 'message',
): string[] {
  const surface = input as { blocks: unknown[] } & Record<string, unknown>;
  const problems: string[] = [];
  const max = kind === 'message' ? 50 : 100;
  if (surface.blocks.length > max) problems.push(`${surface.blocks.length} blocks (max ${max})`);
  if (kind === 'modal') {
    for (const key of ['title', 'submit', 'close']) {
      const text = (surface[key] as { text?: string } | undefined)?.text;
      if (text && text.length > 24) problems.push(`modal ${key} is ${text.length} chars (max 24)`);
    }
    if (typeof surface.private_metadata === 'string' && surface.private_metadata.length > 3000)
      problems.push('private_metadata over 3000');
  }
  surface.blocks.forEach((block, i) => {
    checkBlock(block as Record<string, unknown>, `blocks[${i}]`, problems);
  });
  return problems;
}

function text(node: unknown): string | undefined {
  return (node as { text?: string } | undefined)?.text;
}

function checkBlock(block: Record<string, unknown>, at: string, problems: string[]): void {
  const limit = (value: string | undefined, max: number, what: string) => {
    if (value !== undefined && value.length > max) problems.push(`${at} ${what}: ${value.length} chars (max ${max})`);
    if (value !== undefined && value.length === 0) problems.push(`${at} ${what}: empty`);
  };
  limit(block.block_id as string | undefined, 255, 'block_id');
  switch (block.type) {
    case 'section':
      limit(text(block.text), 3000, 'text');
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10) problems.push(`${at} has ${block.fields.length} fields (max 10)`);
        for (const field of block.fields) limit(text(field), 2000, 'field');
      }
      if (block.accessory) checkElement(block.accessory as Record<string, unknown>, `${at}.accessory`, problems);
      if (!block.text && !block.fields) problems.push(`${at} section without text or fields`);
      break;
    case 'header':
      limit(text(block.text), 150, 'header');
      break;
    case 'context': {
      const elements = block.elements as unknown[];
      if (elements.length > 10) problems.push(`${at} has ${elements.length} elements (max 10)`);
      for (const element of elements) limit(text(element), 3000, 'context text');
      break;
    }
    case 'actions': {
      const elements = block.elements as unknown[];
      if (elements.length === 0 || elements.length > 25)
        problems.push(`${at} has ${elements.length} elements (1 to 25)`);
      elements.forEach((element, j) => {
        checkElement(element as Record<string, unknown>, `${at}.elements[${j}]`, problems);
      });
      break;
    }
    case 'input':
      limit(text(block.label), 2000, 'label');
      checkElement(block.element as Record<string, unknown>, `${at}.element`, problems);
      break;
    case 'divider':
      break;
    default:
      problems.push(`${at} unknown block type ${String(block.type)}`);
  }
}

function checkElement(element: Record<string, unknown>, at: string, problems: string[]): void {
  const limit = (value: string | undefined, max: number, what: string) => {
    if (value !== undefined && value.length > max) problems.push(`${at} ${what}: ${value.length} chars (max ${max})`);
  };
  limit(element.action_id as string | undefined, 255, 'action_id');
  if (element.type === 'button') {
    limit(text(element.text), 75, 'button text');
    limit(element.value as string | undefined, 2000, 'button value');
    limit(element.url as string | undefined, 3000, 'url');
  }
  if (Array.isArray(element.options)) {
    if (element.options.length > 100) problems.push(`${at} has ${element.options.length} options (max 100)`);
    for (const option of element.options as Array<{ text?: { text?: string }; value?: string }>) {
      limit(option.text?.text, 75, 'option text');
      limit(option.value, 150, 'option value');
    }
  }
}
