-- The language the account's owner chose (or registered in): its pages
-- after a sign-in, and every mail to it (src/i18n). A BCP 47 tag of one of
-- keycard's languages; NULL for an account made before languages, until
-- its owner picks one (its mails are in English meanwhile, and its
-- browsers keep their own language).
ALTER TABLE users ADD COLUMN language TEXT;
