import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { REFERENCE_LISTS, type ReferenceListName } from '@care/organisations-domain';
import { ApiZodBody, ApiZodResponse, validate } from '@care/service-kit';
import { UnitOfWork } from '@care/persistence';
import { ReferenceItemEntity } from '../persistence/entities/taxonomy.entity.js';
import { referenceItemInputSchema, TaxonomyCommands } from '../taxonomy/taxonomy.commands.js';
import { ReferenceData } from './reference-data.service.js';

const itemSchema = z.object({
  code: z.string(),
  label: z.object({ fr: z.string(), nl: z.string() }),
  parent: z.string().nullable(),
  active: z.boolean(),
});
/** The closed lists (legal status, access modalities, offer kinds, target publics, languages, action zones). */
@ApiTags('reference-lists')
@Controller('reference-lists')
export class ReferenceController {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reference: ReferenceData,
    private readonly taxonomy: TaxonomyCommands,
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
  @ApiOperation({ summary: 'Add an item to a closed list (the list is published again: organisations.reference-list.changed.v1)' })
  @ApiZodBody(referenceItemInputSchema)
  @ApiZodResponse(201, itemSchema)
  async add(@Param('list', validate(z.enum(REFERENCE_LISTS), 'list')) list: ReferenceListName, @Body(validate(referenceItemInputSchema)) body: z.output<typeof referenceItemInputSchema>) {
    const item = await this.taxonomy.addReferenceItem(list, body);
    this.reference.invalidate();
    return { code: item.code, label: item.label, parent: item.parent, active: item.active };
  }
}
