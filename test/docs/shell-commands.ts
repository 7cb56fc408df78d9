import { readFileSync } from 'node:fs';

/** One fenced code block of a Markdown file. */
export interface FencedBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string (`sh`, `ts`, …; empty when unlabeled). */
  lang: string;
  body: string;
}

/** Languages whose blocks are commands a reader types (and that the documented-commands test runs). */
export const shellLanguages = new Set(['sh', 'bash', 'shell', 'console']);

/** The fenced code blocks of a Markdown file, in order (indented fences inside lists included). */
export function fencedBlocks(file: string, text = readFileSync(file, 'utf8')): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[index]!);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !lines[end]!.trimStart().startsWith(fence!)) {
      body.push(lines[end]!.startsWith(indent!) ? lines[end]!.slice(indent!.length) : lines[end]!);
      end++;
    }
    blocks.push({ file, line: index + 1, lang: lang ?? '', body: body.join('\n') });
    index = end;
  }
  return blocks;
}

/** One simple command: its words, and where its standard input comes from. */
export interface SimpleCommand {
  argv: string[];
  /** `< FILE` */
  stdinFile?: string;
}

/** A command line as written in a doc: `&&`-joined pipelines of simple commands. */
export interface CommandLine {
  file: string;
  line: number;
  /** The text as written (continuations joined, comment removed). */
  text: string;
  /** Pipelines in order; each is a list of simple commands joined by `|`. */
  pipelines: SimpleCommand[][];
}

/** A placeholder the reader replaces: `<look id>`, `<run id>`. */
export const placeholder = /^<[a-z][a-z ]*>/;

type Token = { word: string } | { op: '|' | '&&' | '<' | '>' | ';' };

/**
 * Splits one shell command line into words and operators: single and double quotes, backslash escapes, `#`
 * comments at the start of a word, `|`, `&&`, `;`, `<`, `>`. Enough for documentation; anything else (variables,
 * substitutions, globs) is kept literally, so a doc that needs it shows up as a failing command.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let word: string | undefined;
  const flush = (): void => {
    if (word !== undefined) tokens.push({ word });
    word = undefined;
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === "'") {
      const end = text.indexOf("'", index + 1);
      if (end < 0) throw new Error(`unterminated ' in: ${text}`);
      word = (word ?? '') + text.slice(index + 1, end);
      index = end;
    } else if (char === '"') {
      let value = '';
      index++;
      while (index < text.length && text[index] !== '"') {
        if (text[index] === '\\' && '"\\$`'.includes(text[index + 1] ?? '')) index++;
        value += text[index];
        index++;
      }
      if (index >= text.length) throw new Error(`unterminated " in: ${text}`);
      word = (word ?? '') + value;
    } else if (char === '\\') {
      word = (word ?? '') + (text[index + 1] ?? '');
      index++;
    } else if (/\s/.test(char)) {
      flush();
    } else if (char === '#' && word === undefined) {
      break;
    } else if (char === '&' && text[index + 1] === '&') {
      flush();
      tokens.push({ op: '&&' });
      index++;
    } else if (char === '<' && placeholder.test(text.slice(index))) {
      // `<run id>`: a placeholder the reader replaces, not a redirection.
      const [match] = placeholder.exec(text.slice(index))!;
      word = (word ?? '') + match;
      index += match.length - 1;
    } else if (char === '|' || char === '<' || char === '>' || char === ';') {
      flush();
      tokens.push({ op: char });
    } else {
      word = (word ?? '') + char;
    }
  }
  flush();
  return tokens;
}

/** Parses a command line into `&&`/`;`-separated pipelines. */
export function parseCommandLine(text: string): SimpleCommand[][] {
  const pipelines: SimpleCommand[][] = [[{ argv: [] }]];
  const tokens = tokenize(text);
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const pipeline = pipelines.at(-1)!;
    const command = pipeline.at(-1)!;
    if ('word' in token) command.argv.push(token.word);
    else if (token.op === '|') pipeline.push({ argv: [] });
    else if (token.op === '&&' || token.op === ';') pipelines.push([{ argv: [] }]);
    else if (token.op === '<') {
      const next = tokens[++index];
      if (!next || !('word' in next)) throw new Error(`< without a file in: ${text}`);
      command.stdinFile = next.word;
    } else throw new Error(`output redirection is not supported in documented commands: ${text}`);
  }
  return pipelines.filter((pipeline) => pipeline.some((command) => command.argv.length > 0));
}

/**
 * The command lines of one shell block: `\`-continued lines joined, comments and blank lines dropped; in a
 * `console` block only lines starting with `$ ` are commands (the rest is output).
 */
export function commandLines(block: FencedBlock): CommandLine[] {
  const lines = block.body.split('\n');
  const result: CommandLine[] = [];
  for (let index = 0; index < lines.length; index++) {
    const start = index;
    let text = lines[index]!;
    if (block.lang === 'console') {
      if (!text.startsWith('$ ')) continue;
      text = text.slice(2);
    }
    while (text.trimEnd().endsWith('\\') && index + 1 < lines.length) {
      text = `${text.trimEnd().slice(0, -1)} ${lines[++index]!.trim()}`;
    }
    const pipelines = parseCommandLine(text);
    if (pipelines.length === 0) continue;
    result.push({
      file: block.file,
      line: block.line + 1 + start,
      text: text.replace(/\s+#.*$/, '').trim(),
      pipelines,
    });
  }
  return result;
}
