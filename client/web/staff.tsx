// The coordinators' staff page: who has a staff account (contact-center representatives and coordinators), adding
// one (they then sign in by email like anyone) and removing one (their sessions end at once). PAL_STAFF only seeds
// the first accounts. Every view and change is in the audit trail.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../store/audit';
import { addStaff, listStaff, removeStaff, STAFF_ROLES, type StaffRole } from '../../store/staff';
import { staffSignedIn } from './access';
import { DataTable, ErrorSummary, Notice, Page, SelectField, TextField, type FieldError } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, formFields, type StaffSignedIn } from './session';
import { when } from './words';

const ROLE_WORDS: Record<StaffRole, string> = { 'contact-center': 'Contact center', coordinator: 'Coordinator' };
const DONE: Record<string, string> = { added: 'Staff member added. They sign in with their email address.', removed: 'Staff member removed. They are signed out.' };
const emailSchema = z.email();

export async function staffRoutes(app: FastifyInstance, { sql, settings, oidc }: WebDeps): Promise<void> {
  const coordinator = ['coordinator'] as const;

  async function showStaff(reply: FastifyReply, me: StaffSignedIn, options: { values?: Record<string, string | undefined>; errors?: FieldError[]; done?: string } = {}) {
    const { values = {}, errors = [], done } = options;
    const staff = await listStaff(sql);
    const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
    const csrf = reply.generateCsrf();
    await recordAudit(sql, { actor: actorOf(me), action: 'viewed-staff' });
    return sendPage(
      reply,
      <Page title="Staff" error={errors.length > 0} person={me} csrf={csrf}>
        <ErrorSummary errors={errors} />
        {done && DONE[done] && <Notice heading={DONE[done]!} />}
        <h1>Staff</h1>
        {oidc ? (
          <Notice kind="info" heading="Staff sign in with their organization account">
            Your organization's sign-in service decides who is staff and each one's role. Removing someone here signs them out, but they can sign in again until they lose their PAL role there.
          </Notice>
        ) : (
          <p>Contact-center representatives create leads; coordinators run the program. Each signs in with their own email address.</p>
        )}
        <div class="pal-table-wrap" id="staff-list" tabIndex={-1}>
          <DataTable
            caption={`${staff.length} staff member${staff.length === 1 ? '' : 's'}`}
            columns={['Email address', 'Role', 'Added', 'Added by', { label: 'Action', hidden: true }]}
            wrap={false}
            rows={staff.map((s) => [
              s.email,
              ROLE_WORDS[s.role],
              when(s.createdAt),
              s.addedBy,
              s.id === me.id ? (
                'You'
              ) : (
                <form method="post" action={`/coordinator/staff/${s.id}/remove`}>
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button type="submit" class="usa-button usa-button--unstyled" aria-label={`Remove ${s.email}`}>
                    Remove
                  </button>
                </form>
              ),
            ])}
          />
        </div>
        <h2>Add staff member</h2>
        <form class="usa-form" method="post" action="/coordinator/staff" novalidate>
          <input type="hidden" name="_csrf" value={csrf} />
          <TextField id="email" label="Email address" type="email" autocomplete="off" value={values.email} error={errorFor('email')} />
          <SelectField id="role" label="Role" options={ROLE_WORDS} value={values.role} error={errorFor('role')} />
          <button class="usa-button" type="submit">
            Add staff member
          </button>
        </form>
      </Page>,
      errors.length ? 400 : 200,
    );
  }

  app.get('/coordinator/staff', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, coordinator);
    if (!me) return reply;
    const done = (request.query as { done?: unknown }).done;
    return showStaff(reply, me, { done: typeof done === 'string' ? done : undefined });
  });

  app.post('/coordinator/staff', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, coordinator);
    if (!me) return reply;
    const values = formFields(request.body);
    const email = (values.email ?? '').trim();
    const role = STAFF_ROLES.find((r) => r === values.role);
    const errors: FieldError[] = [];
    if (!emailSchema.safeParse(email).success) errors.push({ field: 'email', message: 'Enter an email address like name@example.org' });
    if (!role) errors.push({ field: 'role', message: 'Select a role' });
    if (!errors.length && role) {
      const added = await addStaff(sql, email, role, me.email);
      if ('problem' in added) errors.push({ field: 'email', message: added.problem });
      else await recordAudit(sql, { actor: actorOf(me), action: 'added-staff', detail: { staffId: added.id, role } });
    }
    if (errors.length) return showStaff(reply, me, { values, errors });
    return reply.redirect('/coordinator/staff?done=added', 303);
  });

  app.post('/coordinator/staff/:id/remove', { preHandler: app.csrfProtection }, async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, coordinator);
    if (!me) return reply;
    const id = Number((request.params as { id: string }).id);
    // A coordinator does not remove themselves: another coordinator does (so one is always left).
    if (!Number.isSafeInteger(id) || id === me.id || !(await removeStaff(sql, id, me.email)))
      return showStaff(reply, me, { errors: [{ field: 'staff-list', message: 'That staff member could not be removed: they are not on the staff, or they are you' }] });
    await recordAudit(sql, { actor: actorOf(me), action: 'removed-staff', detail: { staffId: id } });
    return reply.redirect('/coordinator/staff?done=removed', 303);
  });
}
