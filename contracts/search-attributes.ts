// The custom search attributes coordinators filter on in Temporal UI. None of them may carry PII.
// The dev server registers them at start; an existing Temporal service needs them created once
// (`temporal operator search-attribute create`, see the README).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PalStatus = defineSearchAttributeKey('PalStatus', SearchAttributeType.KEYWORD);
export const PalAssisterId = defineSearchAttributeKey('PalAssisterId', SearchAttributeType.KEYWORD);
export const PalAssisterType = defineSearchAttributeKey('PalAssisterType', SearchAttributeType.KEYWORD);
export const PalContactDeadline = defineSearchAttributeKey('PalContactDeadline', SearchAttributeType.DATETIME);
export const PalEscalated = defineSearchAttributeKey('PalEscalated', SearchAttributeType.BOOL);

export const palSearchAttributes = [PalStatus, PalAssisterId, PalAssisterType, PalContactDeadline, PalEscalated];
