/**
 * "Only the newest request may answer": each `begin()` starts a request and
 * returns a check that stays true only while no later request has begun. A
 * browse page that arrives after the user moved on (another topic, another
 * page) is dropped instead of overwriting what they now look at, whether or
 * not its cancel reached core in time.
 */
export function latestOnly(): { begin(): () => boolean } {
  let generation = 0;
  return {
    begin() {
      const mine = ++generation;
      return () => mine === generation;
    },
  };
}
