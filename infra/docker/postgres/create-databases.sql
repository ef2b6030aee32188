-- Run once by the official postgres image, on first start with an empty data volume
-- (/docker-entrypoint-initdb.d). One database per service: no service reads another's tables.
CREATE DATABASE aanvraag;
CREATE DATABASE toekenning;
CREATE DATABASE verantwoording;
CREATE DATABASE notificatie;
