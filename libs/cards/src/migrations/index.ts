import { CreateCardsSchema1764806404000 } from './1764806404000-create-cards-schema.js';
import { CreateEscnReservation1796414577000 } from './1796414577000-create-escn-reservation.js';
import { AddCardManagementTables1796414624317 } from './1796414624317-add-card-management-tables.js';
import { CreateV1StudentData1796414900000 } from './1796414900000-create-v1-student-data.js';
import { CreatePageAnchors1796600001000 } from './1796600001000-create-page-anchors.js';

export const cardsMigrations = [CreateCardsSchema1764806404000, CreateEscnReservation1796414577000, AddCardManagementTables1796414624317, CreateV1StudentData1796414900000, CreatePageAnchors1796600001000];
