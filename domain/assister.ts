// A preferred assister as the directory holds it (domain.md, "An assister in the directory").
import { z } from 'zod';
import { isMinnesotaZip } from './zip';

export const assisterSchema = z
  .object({
    id: z.string({ error: 'id is required' }).regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'id must be 2–63 lowercase letters, digits or dashes'),
    name: z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(200, 'name must be at most 200 characters'),
    type: z.enum(['navigator', 'broker'], { error: 'type must be "navigator" or "broker"' }),
    zip: z.string({ error: 'zip is required' }).refine(isMinnesotaZip, 'zip must be a Minnesota ZIP code'),
    email: z.email('email must be a valid email address'),
    status: z.enum(['active', 'suspended'], { error: 'status must be "active" or "suspended"' }),
    capacity: z.coerce.number({ error: 'capacity must be a whole number' }).int('capacity must be a whole number').min(0, 'capacity must not be negative'),
    openLeads: z.coerce.number().int('openLeads must be a whole number').min(0, 'openLeads must not be negative').optional(),
  })
  .strict();

export type Assister = z.infer<typeof assisterSchema>;
