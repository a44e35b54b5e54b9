"""Day aggregate rows, so a period's statistics never read dossier rows.

The distribution of days late moves from months to days of resolution: its old rows are
removed here and rebuilt, with the new day rows, by ``manage.py refresh_statistics``.
"""

import django.db.models.deletion
from django.db import migrations, models


def late_day_rows_delete(apps, schema_editor):
    apps.get_model("transparency", "DossierLateDayStat").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0001_initial"),
        ("transparency", "0005_dossier_search_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DossierDayStat",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField(verbose_name="Ngày")),
                ("received", models.PositiveIntegerField(default=0)),
                ("received_in_person", models.PositiveIntegerField(default=0)),
                ("received_online", models.PositiveIntegerField(default=0)),
                ("received_post", models.PositiveIntegerField(default=0)),
                ("resolved", models.PositiveIntegerField(default=0)),
                ("early", models.PositiveIntegerField(default=0)),
                ("on_time", models.PositiveIntegerField(default=0)),
                ("late", models.PositiveIntegerField(default=0)),
                ("late_with_apology", models.PositiveIntegerField(default=0)),
                ("processing_days_sum", models.BigIntegerField(default=0)),
                ("processing_count", models.PositiveIntegerField(default=0)),
                ("overdue_in", models.PositiveIntegerField(default=0)),
                ("overdue_out", models.PositiveIntegerField(default=0)),
                ("overdue_with_apology_in", models.PositiveIntegerField(default=0)),
                ("overdue_with_apology_out", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "Số liệu ngày",
                "verbose_name_plural": "Số liệu ngày",
            },
        ),
        migrations.AlterModelOptions(
            name="dossierlatedaystat",
            options={"verbose_name": "Phân bố số ngày trễ", "verbose_name_plural": "Phân bố số ngày trễ"},
        ),
        migrations.RemoveIndex(
            model_name="dossierlatedaystat",
            name="transparenc_month_41914e_idx",
        ),
        migrations.RemoveIndex(
            model_name="dossierlatedaystat",
            name="transparenc_departm_6e16c0_idx",
        ),
        migrations.RemoveIndex(
            model_name="dossierlatedaystat",
            name="transparenc_procedu_804312_idx",
        ),
        migrations.RemoveIndex(
            model_name="dossierlatedaystat",
            name="transparenc_field_i_fb0bd1_idx",
        ),
        migrations.RunPython(late_day_rows_delete, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="dossierlatedaystat",
            name="month",
        ),
        migrations.AddField(
            model_name="dossierlatedaystat",
            name="day",
            field=models.DateField(default=None, help_text="The day of resolution."),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="dossierlatedaystat",
            index=models.Index(fields=["day", "department"], name="transparenc_day_e341e1_idx"),
        ),
        migrations.AddIndex(
            model_name="dossierlatedaystat",
            index=models.Index(fields=["department", "day"], name="transparenc_departm_cae4e2_idx"),
        ),
        migrations.AddIndex(
            model_name="dossierlatedaystat",
            index=models.Index(fields=["procedure", "day"], name="transparenc_procedu_cdc7d5_idx"),
        ),
        migrations.AddIndex(
            model_name="dossierlatedaystat",
            index=models.Index(fields=["field", "day"], name="transparenc_field_i_e27454_idx"),
        ),
        migrations.AddField(
            model_name="dossierdaystat",
            name="department",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="procedures.department",
                verbose_name="Cơ quan",
            ),
        ),
        migrations.AddField(
            model_name="dossierdaystat",
            name="field",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="procedures.field",
                verbose_name="Lĩnh vực",
            ),
        ),
        migrations.AddField(
            model_name="dossierdaystat",
            name="procedure",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="procedures.procedure",
                verbose_name="Thủ tục",
            ),
        ),
        migrations.AddIndex(
            model_name="dossierdaystat",
            index=models.Index(fields=["day", "department"], name="transparenc_day_7c763d_idx"),
        ),
        migrations.AddIndex(
            model_name="dossierdaystat",
            index=models.Index(fields=["department", "day"], name="transparenc_departm_ba60ee_idx"),
        ),
        migrations.AddIndex(
            model_name="dossierdaystat",
            index=models.Index(fields=["procedure", "day"], name="transparenc_procedu_13c0f5_idx"),
        ),
        migrations.AddIndex(
            model_name="dossierdaystat",
            index=models.Index(fields=["field", "day"], name="transparenc_field_i_b79c6d_idx"),
        ),
    ]
