// Step 4: one field per placeholder, checked as typed; the SQL preview below follows along.

import { Box, Text } from 'ink';
import type { ChosenTemplate } from '../../../core/templates/library.js';
import type { ValueResolution } from '../../../core/templates/render.js';
import { truncate } from '../../model/text.js';
import { TextField } from '../TextField.js';
import { SqlPreview } from './SqlPreview.js';

export interface FieldsStepProps {
  template: ChosenTemplate;
  values: Record<string, string>;
  resolution?: ValueResolution;
  focus: number;
  showProblems: boolean;
  preview: string;
  width: number;
  height: number;
  active: boolean;
}

function problemOf(
  key: string,
  values: Record<string, string>,
  resolution: ValueResolution | undefined,
  showAll: boolean,
): string | undefined {
  const typed = (values[key] ?? '').trim() !== '';
  if (resolution?.problems[key] && (typed || showAll)) return resolution.problems[key];
  if (showAll && resolution?.missing.includes(key)) return 'required';
  return undefined;
}

function hint(template: ChosenTemplate, index: number): string {
  const p = template.placeholders[index];
  if (!p) return '';
  const help = p.help ? `${p.help} — ` : '';
  if (p.kind === 'choice') return `${help}one of: ${p.options?.join(', ')}`;
  if (p.kind === 'flag') return `${help}yes or no`;
  if (p.kind === 'list') return p.help ?? `comma-separated ${p.of === 'expression' ? 'SQL values' : 'names'}`;
  return (
    p.help ??
    (p.kind === 'identifier'
      ? 'a name; "Quoted Names" are kept exactly'
      : p.kind === 'type'
        ? 'a column type, e.g. text or varchar(255)'
        : 'one SQL value or condition')
  );
}

export function FieldsStep({ template, values, resolution, focus, showProblems, preview, width, height, active }: FieldsStepProps) {
  const labelWidth = Math.min(34, Math.max(...template.placeholders.map((p) => p.label.length + (p.required ? 2 : 0))));
  const focused = template.placeholders[focus];
  const focusedProblem = focused && problemOf(focused.key, values, resolution, showProblems);
  return (
    <Box flexDirection="column">
      {template.placeholders.map((p, i) => {
        const problem = problemOf(p.key, values, resolution, showProblems);
        const label = truncate(`${p.label}${p.required ? ' *' : ''}`, labelWidth).padEnd(labelWidth);
        const fallback = resolution?.defaults[p.key];
        return (
          <Box key={p.key}>
            <Box flexShrink={0}>
              <Text
                color={i === focus ? 'cyan' : undefined}
                bold={i === focus}
                wrap="truncate"
              >{`${i === focus ? '›' : ' '} ${label} `}</Text>
            </Box>
            {i === focus ? (
              <TextField value={values[p.key] ?? ''} placeholder={fallback ?? ''} active={active} />
            ) : (
              <Text dimColor={!values[p.key]}>{truncate(values[p.key] || fallback || '', Math.max(1, width - labelWidth - 12))}</Text>
            )}
            {problem && i !== focus ? <Text color="red"> ✖</Text> : null}
          </Box>
        );
      })}
      <Text color={focusedProblem ? 'red' : undefined} dimColor={!focusedProblem}>
        {truncate(focusedProblem ? `✖ ${focusedProblem}` : hint(template, focus), width)}
      </Text>
      <Text dimColor>{truncate(`── preview ${'─'.repeat(width)}`, width)}</Text>
      <SqlPreview sql={preview} height={height - template.placeholders.length - 2} width={width} />
    </Box>
  );
}
