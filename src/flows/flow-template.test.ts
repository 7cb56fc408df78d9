import { describe, expect, it } from 'vitest';
import { ExpressionError, parseExpression } from './flow-expression.ts';
import { evaluateCondition, findTemplates, renderTemplates } from './flow-template.ts';

const context = {
  steps: {
    render: { video_url: 'https://cdn/v.mp4', duration: 12, tags: ['a', 'b'] },
    translate: [{ video_url: 'https://cdn/de.mp4' }],
  },
  trigger: { event: { video_id: 'v1' }, input: { name: 'Ada' } },
};

describe('templates', () => {
  it('keeps the type of a whole-string template and writes others into the text', () => {
    expect(
      renderTemplates(
        {
          url: '{{ steps.render.video_url }}',
          duration: '{{ steps.render.duration }}',
          tags: '{{ steps.render.tags }}',
          first: '{{ steps.translate[0].video_url }}',
          text: 'Hi {{ trigger.input.name }}, {{ steps.render.duration }} s, {{ steps.render.tags }}{{ missing.value }}',
          nested: [{ id: '{{ trigger.event.video_id }}' }],
          dropped: '{{ steps.none }}',
          fallback: "{{ trigger.input.nick ?? 'friend' }}",
        },
        context,
      ),
    ).toEqual({
      url: 'https://cdn/v.mp4',
      duration: 12,
      tags: ['a', 'b'],
      first: 'https://cdn/de.mp4',
      text: 'Hi Ada, 12 s, ["a","b"]',
      nested: [{ id: 'v1' }],
      fallback: 'friend',
    });
  });

  it('evaluates conditions with comparison, logic and negation', () => {
    expect(
      evaluateCondition("{{ steps.render.duration > 10 && trigger.input.name == 'Ada' }}", context),
    ).toBe(true);
    expect(evaluateCondition('!(steps.render.duration >= 12) || steps.none', context)).toBe(false);
    expect(evaluateCondition('{{ steps.translate }}', context)).toBe(true);
    expect(evaluateCondition('{{ steps.render.tags != null }}', context)).toBe(true);
  });

  it('never reads prototypes', () => {
    expect(renderTemplates('{{ steps.constructor }}', context)).toBeUndefined();
    expect(renderTemplates('{{ steps.__proto__ }}', context)).toBeUndefined();
  });

  it('finds templates with their field paths and rejects bad syntax', () => {
    expect(
      findTemplates({ a: ['x {{ steps.b }}'], c: { d: '{{ trigger.e }}' } }).map((found) => [
        found.field,
        found.source,
        found.whole,
      ]),
    ).toEqual([
      ['a[0]', 'steps.b', false],
      ['c.d', 'trigger.e', true],
    ]);
    expect(() => parseExpression('steps.render.')).toThrow(ExpressionError);
    expect(() => parseExpression("steps['x'")).toThrow(/expected "\]"/);
    expect(() => parseExpression('a = b')).toThrow(/unexpected "="/);
  });
});
