import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { localizedSchema } from '@care/contracts';
import { ConflictError, fieldIssue, ValidationError } from '@care/kernel';
import { REFERENCE_LISTS, ReferenceItem, type ReferenceListName } from '@care/organisations-domain';
import { ApiZodBody, ApiZodResponse, validate } from '@care/service-kit';
import { UnitOfWork } from '@care/persistence';
import { ReferenceItemEntity } from '../persistence/entities/taxonomy.entity.js';
import { ReferenceData } from './reference-data.service.js';

const itemSchema = z.object({
  code: z.string(),
  label: z.object({ fr: z.string(), nl: z.string() }),
  parent: z.string().nullable(),
  active: z.boolean(),
});
const newItemSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,48}$/, 'kebab-case code'),
    label: localizedSchema(200),
    parent: z.string().max(50).nullable().default(null),
  })
  .strict();

/** The closed lists (legal status, access modalities, offer kinds, target publics, languages, action zones). */
@ApiTags('reference-lists')
@Controller('reference-lists')
export class ReferenceController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceData,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Every closed list with its items, FR/NL' })
  @ApiZodResponse(200, z.record(z.string(), z.array(itemSchema)))
  async all() {
    const items = await this.uow.read().find(ReferenceItemEntity, {}, { orderBy: { list: 'asc', position: 'asc' } });
    const lists: Record<string, z.output<typeof itemSchema>[]> = Object.fromEntries(REFERENCE_LISTS.map((l) => [l, []]));
    for (const item of items) lists[item.list]!.push({ code: item.code, label: item.label, parent: item.parent, active: item.active });
    return lists;
  }

  @Get(':list')
  @ApiZodResponse(200, z.array(itemSchema))
  async list(@Param('list', validate(z.enum(REFERENCE_LISTS), 'list')) list: ReferenceListName) {
    const items = await this.uow.read().find(ReferenceItemEntity, { list }, { orderBy: { position: 'asc' } });
    return items.map((i) => ({ code: i.code, label: i.label, parent: i.parent, active: i.active }));
  }

  @Post(':list')
  @ApiOperation({ summary: 'Add an item to a closed list' })
  @ApiZodBody(newItemSchema)
  @ApiZodResponse(201, itemSchema)
  async add(@Param('list', validate(z.enum(REFERENCE_LISTS), 'list')) list: ReferenceListName, @Body(validate(newItemSchema)) body: z.output<typeof newItemSchema>) {
    const item = await this.uow.run(async (em) => {
      if (await em.count(ReferenceItemEntity, { list, code: body.code })) {
        throw new ConflictError('reference.duplicate_code', { fr: `Le code ${body.code} existe déjà dans cette liste`, nl: `De code ${body.code} bestaat al in deze lijst` });
      }
      if (body.parent && !(await em.count(ReferenceItemEntity, { list, code: body.parent }))) throw new ValidationError([fieldIssue('reference.unknown_code', 'parent')]);
      const [last] = await em.execute<{ max: number | null }[]>('select max(position) as max from reference_item where list = ?', [list]);
      const created = Object.assign(new ReferenceItem(), { list, code: body.code, label: body.label, parent: body.parent, position: (last?.max ?? 0) + 1, active: true });
      em.persist(created);
      return created;
    });
    this.reference.invalidate();
    return { code: item.code, label: item.label, parent: item.parent, active: item.active };
  }
}
