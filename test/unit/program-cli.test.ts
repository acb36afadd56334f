import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerPreview } from '../../cli/preview';
import { registerProgram } from '../../cli/program';
import { defaultContent } from '../../functions/core/program';

let out: string[];
let err: string[];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

function cli(content?: () => unknown): Command {
  const program = new Command('limber').exitOverride();
  registerPreview(program);
  registerProgram(program, content);
  return program;
}

async function run(args: string[], content?: () => unknown): Promise<void> {
  await cli(content).parseAsync(args, { from: 'user' });
}

describe('limber preview', () => {
  it('--band shows the forms of that band', async () => {
    await run(['preview', '--day', '29', '--level', 'gentle', '--channel', 'sms', '--band', 'chair']);
    expect(out.join('')).toContain('- Seated piriformis stretch 7x/side');
  });

  it('prints the SMS text', async () => {
    await run(['preview', '--day', '1', '--level', 'gentle', '--channel', 'sms']);
    const text = out.join('');
    expect(text).toMatch(/^Limber day 1\/42:/);
    expect(text.trimEnd().endsWith('Reply 0-10 for pain, STOP to end')).toBe(true);
  });

  it('writes the email HTML to --out, with example links', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'limber-preview-'));
    try {
      const file = path.join(dir, 'day.html');
      await run(['preview', '--day', '42', '--level', 'active', '--channel', 'email', '--out', file]);
      const html = await readFile(file, 'utf8');
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('https://limber.example/r/example-day-42?score=10');
      expect(out).toEqual([]);
      // The pictures it links are written beside it, so the preview shows what a person gets.
      const srcs = [...html.matchAll(/<img src="(illustrations\/[^"]+\.png)"/g)].map((m) => m[1]!);
      expect(srcs.length).toBeGreaterThan(0);
      for (const src of srcs) expect((await readFile(path.join(dir, src))).subarray(1, 4).toString()).toBe('PNG');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("writes the pictures of the band's own forms beside the HTML too (a chair form: chair pictures)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'limber-preview-'));
    try {
      const file = path.join(dir, 'chair.html');
      await run(['preview', '--day', '1', '--level', 'gentle', '--channel', 'email', '--band', 'chair', '--out', file]);
      const srcs = [...(await readFile(file, 'utf8')).matchAll(/<img src="(illustrations\/[^"]+\.png)"/g)].map((m) => m[1]!);
      expect(srcs.length).toBeGreaterThan(0);
      expect(srcs.every((s) => /-chair-(start|end)\./.test(s))).toBe(true);
      for (const src of srcs) {
        expect((await readFile(path.join(dir, src))).subarray(1, 4).toString()).toBe('PNG');
        expect((await readFile(path.join(dir, src.replace('.png', '@2x.png')))).subarray(1, 4).toString()).toBe('PNG');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('renders other kinds, and the text part with --text', async () => {
    await run(['preview', '--day', '14', '--level', 'moderate', '--channel', 'email', '--kind', 'summary', '--text']);
    expect(out.join('')).toContain('Week 2 in numbers');
  });

  it.each([
    [['--day', '43', '--level', 'gentle', '--channel', 'sms'], '--day'],
    [['--day', 'one', '--level', 'gentle', '--channel', 'sms'], '--day'],
    [['--day', '1', '--level', 'calm', '--channel', 'sms'], '--level'],
    [['--day', '1', '--level', 'gentle', '--channel', 'fax'], '--channel'],
  ])('%j is a usage error naming %s, exit code 2', async (args, flag) => {
    const error = await run(['preview', ...args]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(2);
    expect((error as CommanderError).code).toBe('limber.usage');
    expect((error as CommanderError).message).toContain(`${flag}:`);
  });
});

describe('limber program validate', () => {
  it('prints OK with counts for the shipped content', async () => {
    await run(['program', 'validate']);
    const text = out.join('');
    expect(text).toMatch(/^OK: \d+ exercises, 7 core stretches, 3 levels x 42 days/);
    expect(text).toMatch(/gentle: \d+ routine, \d+ light, \d+ rest days/);
    expect(process.exitCode ?? 0).toBe(0);
  });

  it('lists the problems and exits 1', async () => {
    const broken = () => {
      const c = JSON.parse(JSON.stringify(defaultContent()));
      c.plan.gentle[0].routine.push('no-such-stretch');
      return c;
    };
    await run(['program', 'validate'], broken);
    expect(err.join('')).toContain('gentle week 1 routine: unknown exercise "no-such-stretch"');
    expect(out).toEqual([]);
    expect(process.exitCode).toBe(1);
  });

  it('fails when an exercise lacks a frame of its illustration', async () => {
    const noFrame = () => {
      const c = JSON.parse(JSON.stringify(defaultContent()));
      delete c.illustrations['cat-cow'].start;
      return c;
    };
    await run(['program', 'validate'], noFrame);
    expect(err.join('')).toContain('exercise "cat-cow": the illustration has no start frame');
    expect(process.exitCode).toBe(1);
  });
});
