# Everything the library lists becomes a LibraryItem: the facts a card shows and the
# library filters by (type, date, authors, project) move to their own table, and both
# ResourcePage and StoriesPage build on it. The Stories page so stops inheriting a
# resource's document, link and body, and the library can still list it.
#
# Django has no operation that changes a model's base, so the two page types are made
# anew on LibraryItem (as NewResourcePage and NewStoriesPage), the rows are copied
# across, the old tables are dropped and the new models take the old names. Every page
# keeps its id, content type, revisions and authors. Resource types gain the schema.org
# type and card colour that used to be hard-coded by slug. There is no way back.

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


def copy_rows(apps, schema_editor):
    q = schema_editor.quote_name
    shared = ", ".join(
        q(column)
        for column in (
            "page_ptr_id",
            "introduction",
            "short_title",
            "listing_summary",
            "social_text",
            "publication_date",
            "listing_image_id",
            "social_image_id",
            "resource_type_id",
            "project_id",
        )
    )
    stories = f"SELECT {q('resourcepage_ptr_id')} FROM {q('resources_storiespage')}"
    schema_editor.execute(
        f"INSERT INTO {q('resources_libraryitem')} ({shared}) "
        f"SELECT {shared} FROM {q('resources_resourcepage')}"
    )
    schema_editor.execute(
        f"INSERT INTO {q('resources_newstoriespage')} ({q('libraryitem_ptr_id')}, {q('body')}) "
        f"SELECT {q('page_ptr_id')}, {q('body')} FROM {q('resources_resourcepage')} "
        f"WHERE {q('page_ptr_id')} IN ({stories})"
    )
    own = ", ".join(q(c) for c in ("external_url", "body", "document_id"))
    schema_editor.execute(
        f"INSERT INTO {q('resources_newresourcepage')} ({q('libraryitem_ptr_id')}, {own}) "
        f"SELECT {q('page_ptr_id')}, {own} FROM {q('resources_resourcepage')} "
        f"WHERE {q('page_ptr_id')} NOT IN ({stories})"
    )


# What the templates and structured data used to hard-code for the loaded types.
KNOWN_TYPES = {
    "paper": ("ScholarlyArticle", "plum"),
    "report": ("Report", "teal"),
    "toolkit": ("CreativeWork", "sun"),
    "case-study": ("Report", "coral"),
    "collection": ("CreativeWork", "rose"),
}


def describe_known_types(apps, schema_editor):
    ResourceType = apps.get_model("resources", "ResourceType")
    for slug, (schema_type, colour) in KNOWN_TYPES.items():
        ResourceType.objects.filter(slug=slug).update(schema_type=schema_type, colour=colour)


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_initial"),
        ("people", "0001_initial"),
        ("projects", "0001_initial"),
        ("resources", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.AddField(
            model_name="resourcetype",
            name="schema_type",
            field=models.CharField(choices=[('CreativeWork', 'Creative work (anything else)'), ('ScholarlyArticle', 'Scholarly article (a paper)'), ('Report', 'Report'), ('Article', 'Article'), ('Book', 'Book'), ('Dataset', 'Dataset'), ('VideoObject', 'Video'), ('PodcastEpisode', 'Podcast episode')], default='CreativeWork', help_text='What search engines are told resources of this type are (schema.org).', max_length=40, verbose_name='kind of work'),
        ),
        migrations.AddField(
            model_name="resourcetype",
            name="colour",
            field=models.CharField(choices=[('plum', 'Plum'), ('teal', 'Teal'), ('sun', 'Sunflower yellow'), ('coral', 'Coral'), ('rose', 'Rose')], default='plum', help_text="The colour of the stripe on this type's cards in the library.", max_length=20),
        ),
        migrations.RunPython(describe_known_types, migrations.RunPython.noop),
        migrations.CreateModel(
            name="LibraryItem",
            fields=[
                ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                ('introduction', models.TextField(blank=True, help_text="One or two sentences under the page title, in plain text. Also used on the page's card and in search results unless a card summary is given.")),
                ('short_title', models.CharField(blank=True, help_text="Optional: a shorter name for menus, e.g. 'Stories'. Defaults to the title.", max_length=40)),
                ('listing_summary', models.TextField(blank=True, help_text='Optional: a shorter summary for cards and search results. If empty, the introduction (or summary) is used.', max_length=300, verbose_name='card summary')),
                ('social_text', models.CharField(blank=True, help_text='Optional: the description shown when the page is shared on social media. If empty, the meta description, then the card summary, then the introduction is used.', max_length=255, verbose_name='sharing text')),
                ('publication_date', models.DateField(help_text='When it was first published.')),
                ('listing_image', models.ForeignKey(blank=True, help_text='Optional: shown at the top of the page, and on its card where cards have pictures.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.siteimage', verbose_name='image')),
                ('social_image', models.ForeignKey(blank=True, help_text='Optional: the picture shown when shared. Defaults to the page image.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.siteimage')),
                ('resource_type', models.ForeignKey(blank=True, help_text='What kind of resource this is: paper, toolkit, case study, report…', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='resources', to='resources.resourcetype')),
                ('project', models.ForeignKey(blank=True, help_text="Optional: the project this came from; it is listed on that project's page.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='resources', to='projects.projectpage')),
            ],
            bases=("wagtailcore.page",),
        ),
        migrations.AddIndex(
            model_name="libraryitem",
            index=models.Index(fields=["publication_date"], name="resources_l_publica_b433fd_idx"),
        ),
        migrations.CreateModel(
            name="NewResourcePage",
            fields=[
                ('libraryitem_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='resources.libraryitem')),
                ('external_url', models.URLField(blank=True, help_text='Optional: where the original is published, if elsewhere.', verbose_name='link to the original')),
                ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('quote', 6), ('call_to_action', 12), ('figure', 15)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'A section heading (shown as a level-2 heading).', 'max_length': 120}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': "Optional: a short id so other pages can link to this section, e.g. 'week'.", 'max_length': 60, 'required': False}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('anchor', 1)]], {}), 3: ('core.blocks.ParagraphBlock', (), {}), 4: ('wagtail.blocks.TextBlock', (), {'help_text': 'The words quoted, without quotation marks.'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who said it.', 'max_length': 200, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('quote', 4), ('attribution', 5)]], {}), 7: ('wagtail.blocks.CharBlock', (), {'help_text': 'A short title for the panel.', 'max_length': 120}), 8: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional: one or two sentences.', 'required': False}), 9: ('wagtail.blocks.CharBlock', (), {'help_text': 'The words on the button.', 'max_length': 60}), 10: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page on this site…', 'required': False}), 11: ('wagtail.blocks.URLBlock', (), {'help_text': '…or an address elsewhere.', 'required': False}), 12: ('wagtail.blocks.StructBlock', [[('heading', 7), ('text', 8), ('link_text', 9), ('page', 10), ('url', 11)]], {}), 13: ('wagtail.images.blocks.ImageBlock', [], {'help_text': "Describe the image for people who cannot see it, or tick 'decorative'."}), 14: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional: shown under the image for everyone.', 'max_length': 250, 'required': False}), 15: ('wagtail.blocks.StructBlock', [[('image', 13), ('caption', 14)]], {})}, help_text='Optional: more about the resource.')),
                ('document', models.ForeignKey(blank=True, help_text='Optional: the PDF or file visitors can download.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtaildocs.document')),
            ],
            bases=("resources.libraryitem",),
        ),
        migrations.CreateModel(
            name="NewStoriesPage",
            fields=[
                ('libraryitem_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='resources.libraryitem')),
                ('body', wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('quote', 6), ('call_to_action', 12), ('figure', 15)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'help_text': 'A section heading (shown as a level-2 heading).', 'max_length': 120}), 1: ('wagtail.blocks.CharBlock', (), {'help_text': "Optional: a short id so other pages can link to this section, e.g. 'week'.", 'max_length': 60, 'required': False}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('anchor', 1)]], {}), 3: ('core.blocks.ParagraphBlock', (), {}), 4: ('wagtail.blocks.TextBlock', (), {'help_text': 'The words quoted, without quotation marks.'}), 5: ('wagtail.blocks.CharBlock', (), {'help_text': 'Who said it.', 'max_length': 200, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('quote', 4), ('attribution', 5)]], {}), 7: ('wagtail.blocks.CharBlock', (), {'help_text': 'A short title for the panel.', 'max_length': 120}), 8: ('wagtail.blocks.TextBlock', (), {'help_text': 'Optional: one or two sentences.', 'required': False}), 9: ('wagtail.blocks.CharBlock', (), {'help_text': 'The words on the button.', 'max_length': 60}), 10: ('wagtail.blocks.PageChooserBlock', (), {'help_text': 'A page on this site…', 'required': False}), 11: ('wagtail.blocks.URLBlock', (), {'help_text': '…or an address elsewhere.', 'required': False}), 12: ('wagtail.blocks.StructBlock', [[('heading', 7), ('text', 8), ('link_text', 9), ('page', 10), ('url', 11)]], {}), 13: ('wagtail.images.blocks.ImageBlock', [], {'help_text': "Describe the image for people who cannot see it, or tick 'decorative'."}), 14: ('wagtail.blocks.CharBlock', (), {'help_text': 'Optional: shown under the image for everyone.', 'max_length': 250, 'required': False}), 15: ('wagtail.blocks.StructBlock', [[('image', 13), ('caption', 14)]], {})}, help_text='Optional: more about the stories.')),
            ],
            options={"verbose_name": "stories page"},
            bases=("resources.libraryitem",),
        ),
        migrations.RunPython(copy_rows),
        migrations.AlterField(
            model_name="resourceauthor",
            name="page",
            field=modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='authors', to='resources.libraryitem'),
        ),
        migrations.AlterField(
            model_name="resourceauthor",
            name="person",
            field=models.ForeignKey(blank=True, help_text='A person who wrote it (add new people under Snippets › People first)…', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person'),
        ),
        migrations.AlterField(
            model_name="resourceauthor",
            name="organisation",
            field=models.ForeignKey(blank=True, help_text='…or an organisation credited as the author. Choose one, not both.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.organisation'),
        ),
        migrations.DeleteModel(name="StoriesPage"),
        migrations.DeleteModel(name="ResourcePage"),
        migrations.RenameModel(old_name="NewResourcePage", new_name="ResourcePage"),
        migrations.RenameModel(old_name="NewStoriesPage", new_name="StoriesPage"),
    ]
