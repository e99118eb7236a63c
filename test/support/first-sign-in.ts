/**
 * A password someone else set (the first admin's, one given at POST /staff,
 * an admin's reset) must be changed at the first sign-in (api.md, "Auth").
 * Test accounts keep the password the test gave them: the first sign-in
 * changes it to a detour and back, so that every later sign-in with the
 * given password works and the account acts like any other.
 */
export async function keepGivenPassword(
  password: string,
  change: (currentPassword: string, newPassword: string) => Promise<void>,
): Promise<void> {
  const detour = `${password} (changed at first sign-in)`;
  await change(password, detour);
  await change(detour, password);
}

/** `keepGivenPassword` through a plain fetch to a running API at `base` (`http://host:port`). */
export async function keepGivenPasswordAt(base: string, accessToken: string, password: string): Promise<void> {
  await keepGivenPassword(password, async (currentPassword, newPassword) => {
    const res = await fetch(`${base}/api/v1/auth/password`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ currentPassword, newPassword }),
    });
    if (res.status !== 204) throw new Error(`POST /auth/password answered ${res.status}: ${await res.text()}`);
  });
}

/** After a sign-in at `base` whose answer is `login`: keeps the given password if the API asks for a change. */
export async function completeFirstSignIn(base: string, login: unknown, password: string): Promise<void> {
  const answer = login as { accessToken?: string; user?: { mustChangePassword?: boolean } };
  if (answer.user?.mustChangePassword && answer.accessToken) await keepGivenPasswordAt(base, answer.accessToken, password);
}
