-- The language the account's owner chose (or registered in): its pages
-- after a sign-in, and every mail to it (src/i18n). A BCP 47 tag of one of
-- keycard's languages; unknown tags read as English.
ALTER TABLE users ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
