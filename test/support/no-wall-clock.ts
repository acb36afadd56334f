import { systemClock } from '../../functions/adapters/system-clock';

/**
 * Every test runs on an injected clock. The system clock is the one adapter that reads the wall
 * clock, so in tests it refuses: a test that reaches it (through a handler's default wiring, say)
 * depends on the hour CI runs at. Pass a ManualClock or a LocalClock at speed 0 instead.
 */
systemClock.now = () => {
  throw new Error('a test read the wall clock through systemClock: inject a Clock (ManualClock) instead');
};
