// Step 3: the template, from a list with a one-line description each and a live preview of
// the highlighted one's SQL.

import { Box, Text } from 'ink';
import type { TemplateSummary } from '../../../core/templates/library.js';
import { truncate } from '../../model/text.js';
import { SqlPreview } from './SqlPreview.js';

export interface TemplateStepProps {
  templates: TemplateSummary[];
  index: number;
  preview: string;
  width: number;
  height: number;
}

export function TemplateStep({ templates, index, preview, width, height }: TemplateStepProps) {
  if (templates.length === 0) return <Text dimColor>Loading templates…</Text>;
  const listHeight = Math.max(3, Math.min(templates.length, Math.floor((height - 2) / 2)));
  const top = Math.max(0, Math.min(index - Math.floor(listHeight / 2), templates.length - listHeight));
  const nameWidth = Math.max(...templates.map((t) => t.name.length));
  return (
    <Box flexDirection="column">
      {templates.slice(top, top + listHeight).map((t, i) => {
        const selected = top + i === index;
        const origin = t.source === 'project' ? ' (project)' : '';
        return (
          <Text key={t.name} color={selected ? 'cyan' : undefined} bold={selected}>
            {truncate(`${selected ? '›' : ' '} ${t.name.padEnd(nameWidth)}  ${t.description}${origin}`, width)}
          </Text>
        );
      })}
      <Text dimColor>{truncate(`── preview ${'─'.repeat(width)}`, width)}</Text>
      <SqlPreview sql={preview} height={height - listHeight - 1} width={width} />
    </Box>
  );
}
