import { describe, expect, it } from 'vitest';
import { pngNamed } from '../../local/illustration-png';
import { MjmlRenderer } from '../../functions/adapters/mjml-renderer';
import { exampleLinks } from '../../cli/preview';
import { frameViews } from '../../functions/core/illustrations';
import { Level, PROGRAM_DAYS } from '../../functions/core/model';
import { dayPlan, loadProgram } from '../../functions/core/program';

/** The daily email with its pictures: linked, sized, described, and still under Gmail's clipping limit. */

const BASE = 'https://img.limber.example/illustrations/';
const GMAIL_CLIP_BYTES = 102 * 1024;
const program = loadProgram();
const withImages = new MjmlRenderer({ imageBaseUrl: BASE });
const daily = (renderer: MjmlRenderer, level: Level, day: number) =>
  renderer.render({ kind: 'daily', channel: 'email', level, programDay: day, links: exampleLinks(day) });
const imgs = (html: string) => [...html.matchAll(/<img [^>]*>/g)].map(([t]) => t);
const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('daily email pictures', () => {
  it('links both frames of every exercise of the day, at fixed size, with the step as alt text', async () => {
    for (const level of Level.options) {
      for (const day of [1, 8, 22, 42]) {
        const plan = dayPlan(level, day, program);
        const html = (await daily(withImages, level, day)).html!;
        const tags = imgs(html);
        expect(tags, `${level} day ${day}`).toHaveLength(plan.items.length * 2);
        plan.items.forEach((item, i) => {
          const views = frameViews(item.exercise, program.illustrations[item.exercise.id]!);
          views.forEach((v, j) => {
            const tag = tags[i * 2 + j]!;
            expect(tag).toContain(`src="${BASE}${v.file}"`);
            expect(tag).toContain(`srcset="${BASE}${v.file2x} 2x"`);
            expect(tag).toContain('width="260" height="160"');
            const alt = decode(/alt="([^"]*)"/.exec(tag)![1]!);
            expect(alt).toContain(item.exercise.name);
            expect(alt).toContain(item.exercise.steps[program.illustrations[item.exercise.id]![v.frame].step - 1]!);
          });
        });
        // Linked, never embedded.
        expect(html).not.toMatch(/src="data:|<svg/);
      }
    }
  });

  it('links the pictures of the form each exercise is sent in, with its own steps as alt text (chair band)', async () => {
    const plan = dayPlan('gentle', 1, program, 'chair');
    const html = (await withImages.render({ kind: 'daily', channel: 'email', level: 'gentle', band: 'chair', programDay: 1, links: exampleLinks(1) })).html!;
    const tags = imgs(html);
    expect(tags).toHaveLength(plan.items.length * 2);
    plan.items.forEach((item, i) => {
      const views = frameViews(item.exercise, program.illustrations[item.exercise.id]!, item.form.from);
      expect(views.map((v) => v.file).every((f) => f.startsWith(`${item.exercise.id}-chair-`))).toBe(true);
      views.forEach((v, j) => {
        expect(tags[i * 2 + j]).toContain(`src="${BASE}${v.file}"`);
        expect(decode(/alt="([^"]*)"/.exec(tags[i * 2 + j]!)![1]!)).toBe(v.alt);
      });
    });
  });

  it('stays under 102 KB of HTML on every day of every level', async () => {
    let largest = 0;
    for (const level of Level.options) {
      for (let day = 1; day <= PROGRAM_DAYS; day++) largest = Math.max(largest, Buffer.byteLength((await daily(withImages, level, day)).html!));
    }
    expect(largest).toBeGreaterThan(10_000);
    expect(largest).toBeLessThan(GMAIL_CLIP_BYTES);
  });

  it('reads the same with images blocked: every step is text beside the pictures', async () => {
    const html = (await daily(withImages, 'active', 42)).html!;
    const blocked = html.replace(/<img [^>]*>/g, '');
    for (const item of dayPlan('active', 42, program).items) {
      for (const step of item.exercise.steps) expect(decode(blocked)).toContain(step);
    }
  });

  it('has no pictures without an image base URL, and refuses a bad one', async () => {
    expect(imgs((await daily(new MjmlRenderer(), 'gentle', 1)).html!)).toEqual([]);
    expect(() => new MjmlRenderer({ imageBaseUrl: 'javascript:alert(1)//' })).toThrow(/imageBaseUrl/);
  });

  it('serves each linked picture as a PNG at 1x and 2x (what the local pages server answers)', async () => {
    const [start] = frameViews(program.exercises.get('cat-cow')!, program.illustrations['cat-cow']!);
    const one = (await pngNamed(start!.file))!;
    const two = (await pngNamed(start!.file2x))!;
    expect(one.subarray(1, 4).toString()).toBe('PNG');
    // PNG IHDR: width and height at bytes 16..23.
    expect([one.readUInt32BE(16), one.readUInt32BE(20)]).toEqual([260, 160]);
    expect([two.readUInt32BE(16), two.readUInt32BE(20)]).toEqual([520, 320]);
    expect(await pngNamed('cat-cow-start.0000000000.png')).toBeUndefined();
  });
});
