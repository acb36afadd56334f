/**
 * The 6-week plan for each level, as data. Validated by functions/core/program.ts (validateProgram).
 *
 * A week names its routine (the full session, in the order it is done) and its light session, and
 * lays out its 7 days. Routines only grow from week to week; doses grow too, from each exercise's
 * start dose (the week it first appears) to its peak (week 6), see exercises.ts. Order within a
 * routine: lying down, then hands and knees, seated, standing, and child's pose to finish.
 */

type Session = 'routine' | 'light' | 'rest';

// Week 1 of the gentle level rests twice; every other week has one rest day and ends on a routine,
// so day 42 is the full routine.
const EASY_WEEK: Session[] = ['routine', 'light', 'routine', 'rest', 'routine', 'light', 'rest'];
const WEEK: Session[] = ['routine', 'light', 'routine', 'rest', 'routine', 'light', 'routine'];

export const plan = {
  gentle: [
    {
      focus: 'Gentle mobility',
      routine: ['knee-rolls', 'cat-cow', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: EASY_WEEK,
    },
    {
      focus: 'Loosening the hips',
      routine: ['knee-rolls', 'piriformis', 'cat-cow', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: WEEK,
    },
    {
      focus: 'Lower spine and hips',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
    {
      focus: 'Twisting and core',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
    {
      focus: 'Hamstrings and balance',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'triangle', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: WEEK,
    },
    {
      focus: 'Your full routine',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'triangle', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
  ],
  moderate: [
    {
      focus: 'Gentle mobility',
      routine: ['knee-rolls', 'piriformis', 'cat-cow', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: WEEK,
    },
    {
      focus: 'Lower spine and hips',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: WEEK,
    },
    {
      focus: 'Twisting and core',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
    {
      focus: 'Hamstrings and balance',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'triangle', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
    {
      focus: 'Side stretches',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'triangle', 'side-stretch', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: WEEK,
    },
    {
      focus: 'Your full routine',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'triangle', 'side-stretch', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
  ],
  active: [
    {
      focus: 'Gentle mobility',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: WEEK,
    },
    {
      focus: 'Twisting and core',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: WEEK,
    },
    {
      focus: 'Hamstrings and balance',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'triangle', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
    {
      focus: 'Side stretches',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'triangle', 'side-stretch', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
    {
      focus: 'Forward folds',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'head-to-knee', 'triangle', 'side-stretch', 'childs-pose'],
      light: ['walking', 'knee-rolls'],
      days: WEEK,
    },
    {
      focus: 'Your full routine',
      routine: ['knee-rolls', 'piriformis', 'happy-baby', 'cat-cow', 'seated-twist', 'head-to-knee', 'triangle', 'side-stretch', 'childs-pose'],
      light: ['walking', 'childs-pose'],
      days: WEEK,
    },
  ],
};
