-- Sources named as a person can follow them (issue 17): the seed used to cite
-- the regional briefings' source as a file path inside the repository; it is
-- the UN DESA news item, named by its title. Where the item exists in a
-- language (the original is Arabic), `source_names` gives its name there;
-- other languages show the stored (English) name.
UPDATE milestones
   SET source = 'UN DESA news: “Regional online briefings mobilize UN Country Teams for the Second World Summit for Social Development”, July–August 2025'
 WHERE source LIKE '%shared/seed/%';
UPDATE briefings
   SET source = 'UN DESA news: “Regional online briefings mobilize UN Country Teams for the Second World Summit for Social Development”, July–August 2025'
 WHERE source LIKE '%shared/seed/%';
UPDATE attendance_facts
   SET source = 'UN DESA news: “Regional online briefings mobilize UN Country Teams for the Second World Summit for Social Development”, July–August 2025'
 WHERE source LIKE '%shared/seed/%';

CREATE TABLE source_names (
    source TEXT NOT NULL,
    lang   TEXT NOT NULL CHECK (lang IN ('ar', 'zh', 'en', 'fr', 'ru', 'es')),
    name   TEXT NOT NULL CHECK (length(name) > 0),
    PRIMARY KEY (source, lang)
) STRICT;

INSERT INTO source_names (source, lang, name) VALUES (
    'UN DESA news: “Regional online briefings mobilize UN Country Teams for the Second World Summit for Social Development”, July–August 2025',
    'ar',
    'أخبار إدارة الشؤون الاقتصادية والاجتماعية: «الندوات الإقليمية عبر الإنترنت تحشد فرق الأمم المتحدة القُطرية للقمة العالمية الثانية للتنمية الاجتماعية»، يوليو–أغسطس 2025'
);
